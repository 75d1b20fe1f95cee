/**
 * A token's size against the request-header limits it meets on the way to an API: CloudFront and
 * ALB (8 KB per header, 16 KB for all headers together), API Gateway (10 KB), nginx (an 8 KB
 * buffer per header line by default, `large_client_header_buffers 4 8k`), and which claim
 * contributes most. Linear in the token's length; never throws.
 */
import { decodeToken } from './decode';

export type SizeLevel = 'ok' | 'near' | 'exceeded';

export interface HeaderLimit {
  readonly id: 'cloudfront-header' | 'alb-header' | 'headers-total' | 'api-gateway' | 'nginx';
  readonly label: string;
  readonly bytes: number;
  /** What is measured against it: the Authorization header line, or it with the other headers sent. */
  readonly measures: 'authorization-header' | 'all-headers';
}

export const HEADER_LIMITS: readonly HeaderLimit[] = [
  { id: 'cloudfront-header', label: 'CloudFront (8 KB per header)', bytes: 8192, measures: 'authorization-header' },
  { id: 'alb-header', label: 'Application Load Balancer (8 KB per header)', bytes: 8192, measures: 'authorization-header' },
  { id: 'nginx', label: 'nginx default (8 KB header buffer, large_client_header_buffers 4 8k)', bytes: 8192, measures: 'authorization-header' },
  { id: 'api-gateway', label: 'API Gateway (10 KB headers)', bytes: 10240, measures: 'all-headers' },
  { id: 'headers-total', label: 'CloudFront and ALB (16 KB for Authorization and cookies together)', bytes: 16384, measures: 'all-headers' },
];

/** "near" from this share of a limit on. */
export const NEAR_SHARE = 0.8;

export interface LimitCheck {
  readonly limit: HeaderLimit;
  readonly measuredBytes: number;
  readonly level: SizeLevel;
}

export interface TokenSize {
  /** UTF-8 bytes of the token itself. */
  readonly bytes: number;
  /** Bytes of the header line `Authorization: Bearer <token>` (name, colon, space, scheme, token). */
  readonly authorizationHeaderBytes: number;
  readonly checks: readonly LimitCheck[];
  /** The checks that are `near` or `exceeded`, worst first. */
  readonly warnings: readonly LimitCheck[];
  readonly level: SizeLevel;
  /** The claim taking most room in the token (its `"name":value` in the payload, as base64url bytes). */
  readonly largestClaim?: { readonly claim: string; readonly bytes: number; readonly share: number };
}

export interface TokenSizeOptions {
  /** Bytes of the other headers sent with it (cookies carrying other tokens, ...), for the total limits. */
  readonly otherHeaderBytes?: number;
}

const AUTH_PREFIX = 'Authorization: Bearer ';

/** UTF-8 byte length without allocating (one pass). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function levelOf(bytes: number, limit: number): SizeLevel {
  if (bytes > limit) return 'exceeded';
  return bytes >= limit * NEAR_SHARE ? 'near' : 'ok';
}

const RANK: Readonly<Record<SizeLevel, number>> = { ok: 0, near: 1, exceeded: 2 };

/** Size of `raw` (as given; surrounding whitespace and a `Bearer ` prefix are not counted). Never throws. */
export function tokenSize(raw: string, options: TokenSizeOptions = {}): TokenSize {
  const token = typeof raw === 'string' ? raw.trim() : '';
  const bytes = utf8Bytes(token);
  const authorizationHeaderBytes = AUTH_PREFIX.length + bytes;
  const other = typeof options.otherHeaderBytes === 'number' && options.otherHeaderBytes > 0 ? options.otherHeaderBytes : 0;
  const checks: LimitCheck[] = HEADER_LIMITS.map((limit) => {
    const measuredBytes = limit.measures === 'all-headers' ? authorizationHeaderBytes + other : authorizationHeaderBytes;
    return { limit, measuredBytes, level: levelOf(measuredBytes, limit.bytes) };
  });
  const warnings = checks
    .filter((c) => c.level !== 'ok')
    .sort((a, b) => RANK[b.level] - RANK[a.level] || b.measuredBytes / b.limit.bytes - a.measuredBytes / a.limit.bytes);
  const level: SizeLevel = warnings[0]?.level ?? 'ok';
  const largestClaim = largest(token, bytes);
  return largestClaim ? { bytes, authorizationHeaderBytes, checks, warnings, level, largestClaim } : { bytes, authorizationHeaderBytes, checks, warnings, level };
}

function largest(token: string, totalBytes: number): TokenSize['largestClaim'] {
  try {
    const decoded = decodeToken(token);
    const payload = decoded.ok ? decoded.token.payload : undefined;
    if (payload === undefined || totalBytes === 0) return undefined;
    let best: { claim: string; json: number } | undefined;
    for (const key of Object.keys(payload)) {
      const json = utf8Bytes(JSON.stringify(key)) + 1 + utf8Bytes(JSON.stringify(payload[key]) ?? 'null');
      if (best === undefined || json > best.json) best = { claim: key, json };
    }
    if (best === undefined) return undefined;
    // base64url turns 3 bytes into 4 characters.
    const inToken = Math.ceil((best.json * 4) / 3);
    const claim = best.claim.length > 64 ? `${best.claim.slice(0, 63)}…` : best.claim;
    return { claim, bytes: inToken, share: Math.min(1, inToken / totalBytes) };
  } catch {
    return undefined;
  }
}

/** "9,214 bytes: over CloudFront (8 KB per header) by 1,022 bytes; cognito:groups takes 7,810 bytes (85%)". */
export function describeTokenSize(size: TokenSize): string {
  const parts: string[] = [`${size.bytes.toLocaleString('en-US')} bytes`];
  const worst = size.warnings[0];
  if (worst) {
    const over = worst.measuredBytes - worst.limit.bytes;
    parts.push(
      over > 0
        ? `over ${worst.limit.label} by ${over.toLocaleString('en-US')} bytes`
        : `near ${worst.limit.label} (${Math.round((worst.measuredBytes / worst.limit.bytes) * 100)}%)`,
    );
  }
  if (size.largestClaim) {
    parts.push(`${size.largestClaim.claim} takes ${size.largestClaim.bytes.toLocaleString('en-US')} bytes (${Math.round(size.largestClaim.share * 100)}%)`);
  }
  return parts.join('; ');
}
