CREATE TABLE orders (
    id          BIGSERIAL PRIMARY KEY,
    customer_id UUID        NOT NULL,
    status      TEXT        NOT NULL DEFAULT 'pending',
    total_cents BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
    id          BIGSERIAL PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku         TEXT   NOT NULL,
    quantity    INT    NOT NULL CHECK (quantity > 0),
    unit_cents  BIGINT NOT NULL
);

CREATE TABLE order_stats (
    day    DATE PRIMARY KEY,
    orders BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE reservations (
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku      TEXT   NOT NULL,
    quantity INT    NOT NULL,
    PRIMARY KEY (order_id, sku)
);

CREATE TABLE customers (
    id            UUID PRIMARY KEY,
    last_order_at TIMESTAMPTZ
);
