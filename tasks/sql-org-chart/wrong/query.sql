-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
-- Plausible but wrong: the depth is recursive, but reports and team_salary only count direct reports.
WITH RECURSIVE levels(id, depth) AS (
  SELECT id, 0 FROM employees WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, l.depth + 1 FROM employees e JOIN levels l ON e.manager_id = l.id
)
SELECT e.name AS name,
       l.depth AS depth,
       (SELECT COUNT(*) FROM employees r WHERE r.manager_id = e.id) AS reports,
       e.salary + (SELECT COALESCE(SUM(r.salary), 0) FROM employees r WHERE r.manager_id = e.id) AS team_salary
FROM employees e JOIN levels l ON l.id = e.id
ORDER BY depth, name;
