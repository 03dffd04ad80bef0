-- HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
INSERT INTO employees VALUES
  (1, 'Ada', NULL, 200),
  (2, 'Grace', 1, 150),
  (3, 'Linus', 1, 140),
  (4, 'Ken', 2, 100),
  (5, 'Barbara', 2, 110),
  (6, 'Dennis', 4, 90),
  (7, 'Margaret', NULL, 180);
