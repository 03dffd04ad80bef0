-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'refunded'))
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  quantity INTEGER NOT NULL,
  unit_price REAL NOT NULL
);
