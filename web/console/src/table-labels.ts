/**
 * Gives every body cell of every table under `root` a `data-label`: its column's header text.
 * On a narrow screen styles.css lays each row out as a card of stacked cells, and the label is
 * what says which column a value is (`td::before { content: attr(data-label) }`). Done here for
 * all tables at once, as they appear, so a page only writes a plain <table> with a <thead>.
 * A cell spanning several columns ("No event.") gets no label.
 */
export function labelTableCells(root: HTMLElement): () => void {
  const label = () => {
    for (const table of root.querySelectorAll('table')) {
      const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) => cell.textContent?.trim() ?? '');
      for (const body of table.tBodies) {
        for (const row of body.rows) {
          let column = 0;
          for (const cell of row.cells) {
            const name = cell.colSpan === 1 ? headers[column] : undefined;
            if (name && cell.dataset.label !== name) cell.dataset.label = name;
            if (!name && cell.dataset.label !== undefined) delete cell.dataset.label;
            column += cell.colSpan;
          }
        }
      }
    }
  };
  label();
  // attributes are not observed: the labels' own writes must not wake the observer again
  const observer = new MutationObserver(label);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
