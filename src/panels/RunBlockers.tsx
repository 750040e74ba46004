/** What keeps a run (or a batch) from starting, first eight shown; nothing when there is nothing. */
export function RunBlockers({ blockers }: { blockers: string[] }) {
  if (blockers.length === 0) return null;
  return (
    <div className="run-blockers" role="alert">
      <p>Fix these first:</p>
      <ul>
        {blockers.slice(0, 8).map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </div>
  );
}
