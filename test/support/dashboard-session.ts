/** Logging in to a running test dashboard as a person does: the login form, then its cookie. */
export async function login(url: string, name: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: url,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ name, password }).toString(),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie)
    throw new Error(`login as ${name} failed: ${res.status} ${await res.text()}`);
  return cookie;
}
