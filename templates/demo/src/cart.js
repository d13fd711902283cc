/** Sum of price × quantity over the cart's lines, in integer cents. */
export function cartTotal(lines) {
  return lines.reduce((sum, line) => sum + line.price * line.qty, 0);
}
