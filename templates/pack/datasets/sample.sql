-- datasets/sample.sql: SQL that builds a sample database in memory (CREATE TABLE and INSERT only).
CREATE TABLE books (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  price_cents INTEGER NOT NULL
);
INSERT INTO books (id, title, price_cents) VALUES
  (1, 'Dune', 1299),
  (2, 'Emma', 599),
  (3, 'Ulysses', 1850),
  (4, 'Beloved', 899);
