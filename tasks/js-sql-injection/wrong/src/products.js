// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';

const SORTS = { name: 'name', price: 'price', price_desc: 'price DESC' };

/**
 * Products whose name contains `term` (case-insensitive), optionally at most `maxPrice`,
 * sorted by `sort` ('name' (default), 'price' or 'price_desc'), then by id.
 *
 * Plausible but wrong: every value is bound now, but an unknown sort still falls through to
 * the SQL text (`SORTS[sort] || sort`), so ORDER BY remains injectable.
 */
function searchProducts(db, term, { maxPrice, sort = 'name' } = {}) {
  let sql = "SELECT id, name, price, category FROM products WHERE name LIKE '%' || ? || '%'";
  const params = [String(term)];
  if (maxPrice !== undefined) {
    sql += ' AND price <= ?';
    params.push(maxPrice);
  }
  sql += ` ORDER BY ${SORTS[sort] || sort}, id`;
  return db.prepare(sql).all(...params);
}

/** Products in one category, cheapest first. */
function productsInCategory(db, category) {
  return db.prepare('SELECT id, name, price FROM products WHERE category = ? ORDER BY price, id').all(category);
}

module.exports = { searchProducts, productsInCategory };
