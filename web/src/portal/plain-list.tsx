// A list of items as a real <ul>: Ant Design's List is deprecated (6.6), and its successor Listy is a virtual
// list meant for thousands of rows, not the handful a person has.
import type { ReactNode } from 'react';

export function PlainList<T>({
  items,
  itemKey,
  renderItem,
  empty,
  label,
  divided = true,
}: {
  readonly items: readonly T[];
  readonly itemKey: (item: T) => string;
  readonly renderItem: (item: T) => ReactNode;
  /** Shown instead of an empty list. */
  readonly empty?: ReactNode;
  readonly label?: string;
  readonly divided?: boolean;
}) {
  if (items.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => (
        <li
          key={itemKey(item)}
          style={{ padding: '10px 0', borderBottom: divided ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}
        >
          {renderItem(item)}
        </li>
      ))}
    </ul>
  );
}
