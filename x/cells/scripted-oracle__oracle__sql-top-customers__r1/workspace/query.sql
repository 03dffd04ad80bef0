-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
SELECT c.name AS customer_name,
       COUNT(DISTINCT o.id) AS orders,
       ROUND(SUM(i.quantity * i.unit_price), 2) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.id AND o.status = 'paid'
JOIN order_items i ON i.order_id = o.id
GROUP BY c.id
ORDER BY revenue DESC, customer_name ASC;
