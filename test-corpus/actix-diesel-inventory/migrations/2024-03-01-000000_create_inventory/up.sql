CREATE TABLE warehouses (
    id   SERIAL PRIMARY KEY,
    code VARCHAR NOT NULL UNIQUE,
    city VARCHAR NOT NULL
);

CREATE TABLE items (
    id           SERIAL PRIMARY KEY,
    sku          VARCHAR   NOT NULL UNIQUE,
    name         VARCHAR   NOT NULL,
    quantity     INT4      NOT NULL DEFAULT 0,
    warehouse_id INT4      NOT NULL REFERENCES warehouses (id),
    updated_at   TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE stock_movements (
    id         BIGSERIAL PRIMARY KEY,
    item_id    INT4      NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    delta      INT4      NOT NULL,
    reason     VARCHAR   NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);
