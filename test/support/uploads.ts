/** Sending a file as a frontend does (issue 12): its bytes to the gateway's POST /uploads, then addAttachment by id. */
import type { TestPlatform } from './platform';

/** addAttachment, with every field of the attachment it answers. */
export const ATTACH = /* GraphQL */ `
  mutation Attach($documentId: ID!, $input: AttachmentInput!) {
    addAttachment(documentId: $documentId, input: $input) {
      id
      fileName
      mediaType
      size
      sha256
      url
    }
  }
`;

/** The smallest PDF a reader opens: header, one empty page, cross-reference table, trailer. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface UploadAnswer {
  status: number;
  uploadId?: string;
  size?: number;
  sha256?: string;
  mediaType?: string | null;
  expiresAt?: string;
  errors?: { message: string; extensions: { code: string; [key: string]: unknown } }[];
}

/** The gateway's origin, where /uploads and /attachments/<id> are served beside /graphql. */
export const gatewayOrigin = (platform: TestPlatform) => new URL(platform.gatewayUrl).origin;

/** POSTs `bytes` to /uploads as `as` (a login), or with the raw `headers` given. */
export async function upload(
  platform: TestPlatform,
  bytes: Buffer,
  as?: string,
  headers: Record<string, string> = {},
): Promise<UploadAnswer> {
  const authorization: Record<string, string> = as ? { authorization: `Bearer ${await platform.token(as)}` } : {};
  const response = await fetch(`${gatewayOrigin(platform)}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...authorization, ...headers },
    body: bytes,
  });
  return { status: response.status, ...((await response.json()) as Omit<UploadAnswer, 'status'>) };
}
