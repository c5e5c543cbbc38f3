DROP TABLE stock_movements;
DROP TABLE items;
DROP TABLE warehouses;
