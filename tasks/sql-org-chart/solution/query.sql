-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
WITH RECURSIVE
  levels(id, depth) AS (
    SELECT id, 0 FROM employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, l.depth + 1 FROM employees e JOIN levels l ON e.manager_id = l.id
  ),
  below(ancestor, id) AS (
    SELECT id, id FROM employees
    UNION ALL
    SELECT b.ancestor, e.id FROM employees e JOIN below b ON e.manager_id = b.id
  )
SELECT e.name AS name,
       l.depth AS depth,
       COUNT(*) - 1 AS reports,
       SUM(m.salary) AS team_salary
FROM employees e
JOIN levels l ON l.id = e.id
JOIN below b ON b.ancestor = e.id
JOIN employees m ON m.id = b.id
GROUP BY e.id
ORDER BY depth, name;
