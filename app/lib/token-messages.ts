import type { TokenProblem } from "~/models/account-tokens.server";

export const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  invalid: "This link is not valid. Check you copied the whole link from the e-mail.",
  expired: "This link has expired. Ask for a new one.",
  used: "This link has already been used. Each link works once.",
};
