/**
 * The spending ledger as the jobs layer and its callers see it. The statements live in
 * store/jobs/ledger.ts; this module keeps the old import path working. The application layer should
 * ask `Jobs.overview()` and `Jobs.spendView()` instead of reading the ledger itself.
 */
export {
  closeEndedHolds,
  closingKind,
  ledgerTotals,
  spendingOn,
  spentByUser,
  spentInChat,
  type HoldInput,
  type LedgerTotals,
  type Spent,
  type SpendOverview,
  type SpendRow,
} from "../store/jobs/ledger.ts";
