// The stand-in for node-forge in the wrapper's sandbox-runtime: the runtime's module-level reads of it
// work (its modules load), and any use says plainly that TLS termination is not there.
import { describe, expect, it } from 'vitest';
import forge from './no-tls-termination.js';

describe('the node-forge stand-in', () => {
  it('can be read as the runtime reads it when its modules load', () => {
    const { asn1, pki } = forge as { asn1: { Class: unknown }; pki: { getTBSCertificate: unknown } };
    expect(() => [asn1.Class, pki.getTBSCertificate]).not.toThrow();
  });

  it('throws a clear error when anything of it is used', () => {
    const { pki } = forge as { pki: { createCertificate(): unknown } };
    expect(() => pki.createCertificate()).toThrow(/TLS termination is not part of grove's attempt wrapper/);
    expect(() => `${String((forge as { util: unknown }).util)}`).toThrow(/TLS termination/);
  });
});
