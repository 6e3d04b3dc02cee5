import { abs } from '../intrinsics';

// Neumaier's compensated summation. A mean of hours such as 7.4 and 22.2 summed in a
// different participant order could otherwise differ in the last bit, and a published
// report's content hash would change with the database's row order.

export interface CompensatedSum {
  sum: number;
  compensation: number;
}

export function emptySum(): CompensatedSum {
  return { sum: 0, compensation: 0 };
}

export function addToSum(acc: CompensatedSum, value: number): void {
  const t = acc.sum + value;
  if (abs(acc.sum) >= abs(value)) acc.compensation += acc.sum - t + value;
  else acc.compensation += value - t + acc.sum;
  acc.sum = t;
}

export function totalOf(acc: CompensatedSum): number {
  return acc.sum + acc.compensation;
}
