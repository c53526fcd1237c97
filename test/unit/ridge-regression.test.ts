import { describe, expect, it } from 'vitest';
import { fitRidge, predict } from '../../maths/ridge-regression.ts';

describe('ridge regression', () => {
  it('recovers y = 1 + 2a − 3b from exact data when the penalty is tiny', () => {
    const rows = [
      [1, 0, 0],
      [1, 1, 0],
      [1, 0, 1],
      [1, 2, 1],
      [1, 3, 2],
    ];
    const y = rows.map(([, a, b]) => 1 + 2 * a! - 3 * b!);
    const model = fitRidge(rows, y, 1e-9);
    model.coefficients.forEach((c, i) => expect(c).toBeCloseTo([1, 2, -3][i]!, 6));
    expect(predict(model, [1, 4, 1])).toBeCloseTo(6, 6);
  });

  it('shrinks the slopes, never the intercept (column 0): hand-computed on centred data', () => {
    // x = −1, 0, 1 and y = 5 + 2x: the intercept stays mean(y) = 5, the slope becomes
    // Σxy / (Σx² + λ·n) = 4 / (2 + 2/3 · 3) = 1.
    const model = fitRidge(
      [
        [1, -1],
        [1, 0],
        [1, 1],
      ],
      [3, 5, 7],
      2 / 3,
    );
    expect(model.coefficients[0]).toBeCloseTo(5, 12);
    expect(model.coefficients[1]).toBeCloseTo(1, 12);
  });
});
