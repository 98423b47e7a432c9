// What the public endpoints without an API Gateway in front (a function URL of AuthType NONE, an
// Application Load Balancer) share: a cap on how many copies of the function run at once.
import type { AccountSetting } from './kind.js';

/**
 * Reserved concurrency of a function anyone on the internet may call with nothing in between that
 * throttles: at most this many run at once, and further requests are refused (a function URL
 * answers 429) rather than scaling the bill with whoever sends them. 10 copies of a Rust handler
 * that answers in tens of milliseconds serve a few hundred requests a second, the order of the API
 * Gateway kinds' stage throttling (API_THROTTLE); raise it with your traffic. Reserving it needs
 * that much concurrency left unreserved in the account, plus the 100 Lambda keeps for every other
 * function (the account setting `lambdaConcurrency`).
 */
export const PUBLIC_ENDPOINT_CONCURRENCY = 10;

/** How much unreserved concurrency Lambda keeps in an account for the functions that reserve none. */
export const UNRESERVED_CONCURRENCY_MINIMUM = 100;

export const publicEndpointSettings = () => ({ reservedConcurrency: PUBLIC_ENDPOINT_CONCURRENCY });

export const PUBLIC_ENDPOINT_ACCOUNT_SETTINGS: readonly AccountSetting[] = ['lambdaConcurrency'];
