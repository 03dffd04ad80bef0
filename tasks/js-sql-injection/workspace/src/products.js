// HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
'use strict';

const SORTS = { name: 'name', price: 'price', price_desc: 'price DESC' };

/**
 * Products whose name contains `term` (case-insensitive), optionally at most `maxPrice`,
 * sorted by `sort` ('name' (default), 'price' or 'price_desc'), then by id.
 */
function searchProducts(db, term, { maxPrice, sort = 'name' } = {}) {
  let sql = `SELECT id, name, price, category FROM products WHERE name LIKE '%${term}%'`;
  if (maxPrice !== undefined) sql += ` AND price <= ${maxPrice}`;
  sql += ` ORDER BY ${SORTS[sort] || sort}, id`;
  return db.prepare(sql).all();
}

/** Products in one category, cheapest first. */
function productsInCategory(db, category) {
  return db.prepare('SELECT id, name, price FROM products WHERE category = ? ORDER BY price, id').all(category);
}

module.exports = { searchProducts, productsInCategory };
