/** The full name of a link's buyer, or nothing. */
export function buyerName(l: { buyerFirstName?: string | null; buyerLastName?: string | null }): string {
  return [l.buyerFirstName, l.buyerLastName].filter(Boolean).join(" ");
}
