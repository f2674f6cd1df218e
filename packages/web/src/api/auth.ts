import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './client';
import { ME_KEY } from './queryClient';
import type { Session, User } from './types';

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** The signed-in session (null when signed out). */
export function useSession() {
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
  return { ...query, session: query.data ?? null, user: (query.data?.user ?? null) as User | null };
}

/** Convenience for components that only render inside the authenticated layout. */
export function useCurrentUser(): User | null {
  return useSession().user;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      api<Session>('/auth/login', { method: 'POST', body: input, noCsrf: true }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.clear();
      qc.setQueryData(ME_KEY, session);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }).catch(() => undefined),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
