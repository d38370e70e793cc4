import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
/** The per-request CSP nonce, so Remix's inline scripts are allowed and nothing else is. */
export const useNonce = () => useContext(NonceContext);
