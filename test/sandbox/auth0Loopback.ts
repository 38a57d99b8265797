/** The SDKs build https://{domain}; the tests' emulators speak plain HTTP on the same 127.0.0.1 host. */
export const toEmulator: typeof fetch = (input, init) =>
    fetch(String(input instanceof Request ? input.url : input).replace(/^https:/, "http:"), init);
