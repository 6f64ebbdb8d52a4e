/**
 * Issue 12: a large body (an upload of ~13 MB) is signed a slice at a time and checked chunk by chunk as it
 * arrives, so that neither stalls the event loop; the signature must be the very one the one-step signing gives,
 * whatever characters stand at a slice's edge.
 */
import {
  checkSubgraphRequest,
  signSubgraphRequest,
  signSubgraphRequestInSlices,
  streamSigner,
} from '../../platform/request-signature';

const SECRET = 'sekret-wewnetrzny-do-testow';
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);
const SLICE = 256 * 1024;

/** A body whose slice edges fall inside a surrogate pair (an emoji) and on Polish letters. */
function largeBody(): string {
  const filler = 'Zażółć gęślą jaźń. '.repeat(Math.ceil(SLICE / 19)).slice(0, SLICE - 1);
  return `${filler}😀${filler}ą${'x'.repeat(3 * SLICE)}😀`;
}

describe('issue 12: signing and checking large subgraph requests without stalling the event loop', () => {
  test('issue 12: signing in slices gives the same signature as signing at once, across surrogate pairs', async () => {
    const request = { method: 'POST', path: '/graphql', body: largeBody() };
    expect(request.body.length).toBeGreaterThan(4 * SLICE);
    expect(await signSubgraphRequestInSlices(SECRET, request, NOW)).toEqual(signSubgraphRequest(SECRET, request, NOW));
  });

  test('issue 12: a body checked in the chunks it arrives in is accepted; one changed byte is refused', () => {
    const body = largeBody();
    const headers = signSubgraphRequest(SECRET, { method: 'POST', path: '/graphql', body }, NOW);
    const signature = { signature: headers['x-mpi-signature'], signedAt: headers['x-mpi-signed-at'] };
    const bytes = Buffer.from(body, 'utf8');
    const chunked = (data: Buffer) => {
      const check = checkSubgraphRequest(SECRET, { method: 'POST', path: '/graphql' }, signature, NOW);
      // 64 KB chunks, as Node's HTTP server hands them over; the edges cut through multi-byte characters.
      for (let from = 0; from < data.length; from += 65_537) check.update(data.subarray(from, from + 65_537));
      return check.finish({}, NOW);
    };
    expect(chunked(bytes)).toBeNull();
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 10] ^= 1;
    expect(chunked(tampered)).toMatchObject({ status: 403, code: 'SIGNATURE_INVALID' });
  });

  test('issue 12: a request without a signature is refused before its body is read', () => {
    const check = checkSubgraphRequest(SECRET, { method: 'POST', path: '/graphql' }, {});
    expect(check.refusal).toMatchObject({ status: 401, code: 'SIGNATURE_REQUIRED' });
  });

  test('issue 12: an honest signature used after its window is refused as expired', () => {
    const headers = signSubgraphRequest(SECRET, { method: 'POST', path: '/graphql', body: '{}' }, NOW);
    const check = checkSubgraphRequest(
      SECRET,
      { method: 'POST', path: '/graphql' },
      { signature: headers['x-mpi-signature'], signedAt: headers['x-mpi-signed-at'] },
      NOW + 61_000,
    );
    // Refused on arrival, before any of the body is read.
    expect(check.refusal).toMatchObject({ status: 403, code: 'SIGNATURE_EXPIRED' });
  });

  test('issue 12: a streamed upload signed in a trailer is the same signature; without the trailer it is refused', () => {
    const bytes = Buffer.from(largeBody(), 'utf8');
    const signer = streamSigner(SECRET, { method: 'POST', path: '/uploads' }, NOW);
    for (let from = 0; from < bytes.length; from += 65_537) signer.update(bytes.subarray(from, from + 65_537));
    const trailers = signer.trailers();
    expect(trailers['x-mpi-signature']).toBe(
      signSubgraphRequest(SECRET, { method: 'POST', path: '/uploads', body: bytes.toString('utf8') }, NOW)[
        'x-mpi-signature'
      ],
    );
    const headers = { signedAt: signer.headers['x-mpi-signed-at'], trailer: signer.headers.trailer };
    const received = (trailerSent: Record<string, string>) => {
      const check = checkSubgraphRequest(SECRET, { method: 'POST', path: '/uploads' }, headers, NOW);
      expect(check.refusal).toBeNull();
      check.update(bytes);
      return check.finish(trailerSent, NOW);
    };
    expect(received(trailers)).toBeNull();
    expect(received({})).toMatchObject({ status: 403, code: 'SIGNATURE_INVALID' });
  });

  test('issue 12: a long upload is judged by when it arrived, not when its last byte did; a stale or malformed time is refused at once', () => {
    const signer = streamSigner(SECRET, { method: 'POST', path: '/uploads' }, NOW);
    const headers = { signedAt: signer.headers['x-mpi-signed-at'], trailer: signer.headers.trailer };
    const check = checkSubgraphRequest(SECRET, { method: 'POST', path: '/uploads' }, headers, NOW + 5_000);
    signer.update(Buffer.from('%PDF-1.7'));
    check.update(Buffer.from('%PDF-1.7'));
    // However long its body takes, the signing time is judged against the moment it arrived.
    expect(check.finish(signer.trailers())).toBeNull();
    for (const signedAt of ['1', 'yesterday']) {
      const early = checkSubgraphRequest(
        SECRET,
        { method: 'POST', path: '/uploads' },
        { signedAt, trailer: 'x-mpi-signature' },
        NOW,
      );
      expect(early.refusal?.code).toBe(signedAt === '1' ? 'SIGNATURE_EXPIRED' : 'SIGNATURE_INVALID');
    }
  });
});
