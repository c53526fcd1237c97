/** Least squares with a small ridge penalty (keeps rarely-seen calendar dummies stable). */
import { Matrix, solve } from 'ml-matrix';

export interface LinearModel {
  coefficients: number[];
}

export function fitRidge(
  rows: readonly number[][],
  y: readonly number[],
  lambda = 1e-3,
): LinearModel {
  const X = new Matrix(rows as number[][]);
  const Xt = X.transpose();
  const XtX = Xt.mmul(X);
  // The intercept (column 0) is not penalised.
  for (let i = 1; i < XtX.rows; i++) XtX.set(i, i, XtX.get(i, i) + lambda * rows.length);
  const beta = solve(XtX, Xt.mmul(Matrix.columnVector(y as number[])));
  return { coefficients: beta.to1DArray() };
}

export function predict(model: LinearModel, row: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < row.length; i++) s += model.coefficients[i]! * row[i]!;
  return s;
}
