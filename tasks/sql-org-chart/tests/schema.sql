-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
CREATE TABLE employees (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  manager_id INTEGER REFERENCES employees(id),
  salary     INTEGER NOT NULL
);
