-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Linus');
INSERT INTO orders VALUES (1, 1, 'paid'), (2, 1, 'pending'), (3, 2, 'paid'), (4, 3, 'refunded');
INSERT INTO order_items VALUES (1, 2, 9.99), (2, 1, 100.0), (3, 1, 5.5), (3, 3, 1.25), (4, 7, 3.0);
