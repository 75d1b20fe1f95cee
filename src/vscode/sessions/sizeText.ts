// The one-line size warning of a token that nears or passes a common request-header limit
// (CloudFront/ALB/nginx 8 KB, API Gateway 10 KB, 16 KB in all): its size, the limit and the claim
// taking most room. Shown in the tree and the server view; the claim name is made inert.
import type { TokenSize } from '../../core/token/size';
import { visible } from '../../shared/visible';

export function sizeWarning(size: TokenSize): string | undefined {
  const worst = size.warnings[0];
  if (!worst) return undefined;
  const over = worst.measuredBytes - worst.limit.bytes;
  const what =
    over > 0
      ? `over ${worst.limit.label} by ${over.toLocaleString('en-US')} bytes`
      : `near ${worst.limit.label} (${Math.round((worst.measuredBytes / worst.limit.bytes) * 100)}%)`;
  const name = size.largestClaim ? size.largestClaim.claim.replace(/[\r\n]+/g, ' ') : '';
  const claim = size.largestClaim ? `; ${visible(name.length > 64 ? `${name.slice(0, 63)}…` : name)} takes ${Math.round(size.largestClaim.share * 100)}%` : '';
  return `${size.bytes.toLocaleString('en-US')} bytes: ${what}${claim}`;
}
