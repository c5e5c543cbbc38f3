// @generated automatically by Diesel CLI.

diesel::table! {
    items (id) {
        id -> Int4,
        sku -> Varchar,
        name -> Varchar,
        quantity -> Int4,
        warehouse_id -> Int4,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stock_movements (id) {
        id -> Int8,
        item_id -> Int4,
        delta -> Int4,
        reason -> Varchar,
        created_at -> Timestamp,
    }
}

diesel::table! {
    warehouses (id) {
        id -> Int4,
        code -> Varchar,
        city -> Varchar,
        verified -> Bool,
    }
}

diesel::joinable!(items -> warehouses (warehouse_id));
diesel::joinable!(stock_movements -> items (item_id));

diesel::allow_tables_to_appear_in_same_query!(items, stock_movements, warehouses);
