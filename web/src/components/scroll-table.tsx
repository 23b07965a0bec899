import type { ComponentChildren } from 'preact';

/**
 * A table of the house style: its header row, its rows, and a box that scrolls sideways on a narrow
 * screen, focusable and named (so keyboard users can scroll it, and screen readers announce it).
 */
export function ScrollTable(props: {
  /** The id of the heading that names the table, or the name itself. */
  readonly labelledBy?: string;
  readonly label?: string;
  readonly testId?: string;
  readonly headers: readonly ComponentChildren[];
  readonly compact?: boolean;
  readonly children: ComponentChildren;
}) {
  return (
    <div
      class="table-scroll"
      tabIndex={0}
      role="region"
      aria-labelledby={props.labelledBy}
      aria-label={props.labelledBy ? undefined : props.label}
    >
      <table class={props.compact ? 'list compact' : 'list'} data-testid={props.testId}>
        <thead>
          <tr>
            {props.headers.map((header, index) => (
              <th scope="col" key={index}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
