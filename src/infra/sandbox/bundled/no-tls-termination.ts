/**
 * What grove's wrapper bundles in place of node-forge (scripts/build.mjs): sandbox-runtime uses it only
 * to terminate TLS (`network.tlsTerminate`, `network.mitmProxy`), which grove never configures, and
 * it is half of the runtime's code, compiled at every sandboxed start. Reading a member of it gives
 * another stand-in (the runtime reads a few when its module loads); calling one throws.
 */
const unavailable = (): never => {
  throw new Error("sandbox: TLS termination is not part of grove's attempt wrapper (node-forge is left out)");
};

function standIn(): unknown {
  return new Proxy(unavailable, {
    get: (_target, key) => (key === Symbol.toPrimitive ? unavailable : standIn()),
    apply: unavailable,
    construct: unavailable,
  });
}

export default standIn();
