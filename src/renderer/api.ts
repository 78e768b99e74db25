import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query'
import type { CallInput, CallName, CallOutput } from '../shared/contract'
import type { CallErrorShape } from '../shared/result'

/** A refused call, carrying core's zh-TW message. */
export class CallError extends Error {
  readonly code: string
  readonly detail: unknown
  constructor(error: CallErrorShape) {
    super(error.message)
    this.code = error.code
    this.detail = error.detail
  }
}

export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const result = await window.receiptDesk.invoke(name, input)
  if (!result.ok) throw new CallError(result.error)
  return result.value
}

/** Reads through the contract, cached by call name and input. */
export function useCallQuery<K extends CallName>(
  name: K,
  input: CallInput<K>,
  options?: Omit<UseQueryOptions<CallOutput<K>, CallError>, 'queryKey' | 'queryFn'>,
) {
  return useQuery<CallOutput<K>, CallError>({
    queryKey: [name, input],
    queryFn: () => call(name, input),
    ...options,
  })
}

/**
 * A change through the contract. Afterwards every cached read is refreshed: the data is
 * local and small enough that being sure beats being clever about what changed.
 */
export function useCallMutation<K extends CallName>(name: K) {
  const client = useQueryClient()
  return useMutation<CallOutput<K>, CallError, CallInput<K>>({
    mutationKey: [name],
    mutationFn: (input) => call(name, input),
    onSuccess: () => client.invalidateQueries(),
  })
}
