// The authority's published documents (JWKS, OpenID discovery). Kept apart from src/sim/index.ts so
// that pages load jose and the signing keys only when they need them.
export { discoveryOf, discoveryUrl, issuerOf, jwksOf, jwksUrl, tokenEndpointOf, warmUp, type PublishedJwk } from './authority.ts';
