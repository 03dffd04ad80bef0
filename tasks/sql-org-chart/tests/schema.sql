CREATE TABLE employees (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  manager_id INTEGER REFERENCES employees(id),
  salary     INTEGER NOT NULL
);
