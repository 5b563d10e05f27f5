/**
 * The daily cap on assistant calls per person (`ASSISTANT_DAILY_CALLS`). A call is counted when it is
 * made, whatever its outcome: a timeout costs the operator as much as an answer.
 *
 * The interface is the seam for the store: a shared counter for several replicas is one conditional
 * upsert (`INSERT … ON CONFLICT (caller, day) DO UPDATE SET calls = calls + 1 WHERE calls < $limit`)
 * whose row count says whether the call may go. Until then each process counts in memory.
 */
export interface AssistantCallCounter {
  /** Counts one call for `caller` on `day` and says whether it was within `limit`. */
  take(caller: string, day: string, limit: number): Promise<boolean>;
}

export function createMemoryCallCounter(): AssistantCallCounter {
  let today = "";
  let calls = new Map<string, number>();
  return {
    async take(caller, day, limit) {
      // Only one day is ever counted, so the map holds at most one entry per person.
      if (day !== today) {
        today = day;
        calls = new Map();
      }
      const used = calls.get(caller) ?? 0;
      if (used >= limit) return false;
      calls.set(caller, used + 1);
      return true;
    },
  };
}
