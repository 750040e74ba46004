const MAX_PATH_LENGTH = 255;

/**
 * Normalises a path in a run's file space to "folder/name.ext": backslashes become slashes, "." and empty segments go,
 * ".." climbs but never above the top. Throws a readable message (without a tool name; callers add theirs).
 */
export function normalizeRunPath(raw: string): string {
  const path = raw.trim().replace(/\\/g, "/");
  if (!path) throw new Error("the path is empty");
  if ([...path].some((ch) => ch.charCodeAt(0) < 0x20)) throw new Error(`the path ${JSON.stringify(raw)} contains control characters`);
  // Windows drives and URLs are refused like "/" so a model cannot mistake the run's files for the machine's.
  if (/^[/~]|^[A-Za-z]:|^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) {
    throw new Error(`'${raw}' is an absolute path; use a path relative to the run's files, such as notes/summary.md`);
  }
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) throw new Error(`'${raw}' points outside the run's files ('..' climbs above the top folder)`);
  }
  if (parts.length === 0) throw new Error(`'${raw}' names a folder, not a file`);
  const normalized = parts.join("/");
  if (normalized.length > MAX_PATH_LENGTH) throw new Error(`the path is longer than ${MAX_PATH_LENGTH} characters`);
  return normalized;
}
