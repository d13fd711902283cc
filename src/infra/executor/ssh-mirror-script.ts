/**
 * What a refresh asks the host (a function of the channel's program on the host, ssh-channel-script.ts,
 * which has `fs`, `os` and `path` in scope): for
 * each followed log folder, whether each `<n>.proc`'s process (pid and start time, written at start)
 * and its group are alive, then the exit records, then the bytes of every file beyond what the local
 * mirror has. In that order: a wrapper seen dead has its exit record (if it wrote one) in the same
 * answer, and an exit seen means every byte before it is there too, unless the byte budget ran out. Input: {dirs: [{dir, have: {name: bytes}}], maxBytes}; output: MirrorAnswer[].
 */
export const MIRROR_FUNCTION = String.raw`
function mirrorAnswer(q) {
const ex = (p) => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p);
let budget = q.maxBytes;
const out = [];
for (const d of q.dirs) {
  const dir = ex(d.dir);
  const r = { dir: d.dir, files: {}, procs: {}, gone: false, complete: true };
  out.push(r);
  let names;
  try { names = fs.readdirSync(dir); } catch { r.gone = true; continue; }
  const rank = (n) => (n.endsWith('.proc') ? 0 : n.endsWith('.exit.json') ? 1 : 2);
  names.sort((a, b) => rank(a) - rank(b));
  for (const n of names) {
    const f = path.join(dir, n);
    if (n.endsWith('.proc')) {
      let pid, start;
      try { [pid, start] = fs.readFileSync(f, 'utf8').trim().split(' '); } catch { continue; }
      let cur;
      try {
        const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
        const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
        cur = rest[0] === 'Z' ? undefined : rest[19];
      } catch {}
      let group = false;
      try { process.kill(-Number(pid), 0); group = true; } catch (e) { group = e.code === 'EPERM'; }
      r.procs[n] = { pid: Number(pid), start, alive: cur === start, group };
      continue;
    }
    if (n.endsWith('.go') || n.endsWith('.launch.json')) continue;
    let st;
    try { st = fs.statSync(f); } catch { continue; }
    if (!st.isFile()) continue;
    const have = d.have[n] || 0;
    const e = { size: st.size };
    if (st.size > have) {
      const len = Math.min(st.size - have, Math.max(budget, 0));
      if (len < st.size - have) r.complete = false;
      if (len > 0) {
        const b = Buffer.alloc(len);
        const fd = fs.openSync(f, 'r');
        const got = fs.readSync(fd, b, 0, len, have);
        fs.closeSync(fd);
        budget -= got;
        e.from = have;
        e.data = b.subarray(0, got).toString('base64');
      }
    }
    r.files[n] = e;
  }
}
return out;
}
`;

export interface MirrorQuery {
  maxBytes: number;
  dirs: Array<{ dir: string; have: Record<string, number> }>;
}

export interface MirrorAnswer {
  dir: string;
  gone: boolean;
  /** False when the byte budget ran out before every file was read to its end. */
  complete: boolean;
  files: Record<string, { size: number; from?: number; data?: string }>;
  procs: Record<string, { pid: number; start: string; alive: boolean; group: boolean }>;
}
