// The /reset-password, /verify-email and /confirm-email pages: read the token from the link, post it to the
// API on the same origin. Served as a file so the pages need no inline script (CSP script-src 'self').
const token = new URLSearchParams(location.search).get('token') ?? new URLSearchParams(location.hash.slice(1)).get('token');
const page = document.querySelector('main')?.dataset.page;
const status = document.getElementById('status');

const MESSAGES = {
  reset_token_invalid: 'This link is invalid, was already used, or has expired. Ask for a new one.',
  rate_limited: 'Too many attempts. Wait a few minutes and try again.',
  account_disabled: 'This account is disabled.',
  email_taken: 'Another account already uses this email address.',
};

function show(message, kind) {
  status.textContent = message;
  status.className = kind;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  status.focus();
}

async function post(path, body) {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) return { ok: true };
    const error = await response.json().catch(() => ({}));
    const detail =
      Array.isArray(error.details) && error.details.length > 0 ? error.details.map((d) => d.message).join('. ') : error.message;
    return { ok: false, message: MESSAGES[error.code] ?? detail ?? 'Something went wrong. Try again.' };
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check your connection and try again.' };
  }
}

function guard(form) {
  if (token) return true;
  form.hidden = true;
  show('This link is incomplete. Open the link from the mail again, or ask for a new one.', 'error');
  return false;
}

/**
 * Asks whether the link is still good (spending nothing), so a used or expired one is said at
 * once rather than after the new password was typed twice. The answer is 200 either way; when
 * the check itself fails (network, rate limit) the form stays and the reset will tell.
 */
async function checkResetLink(form) {
  try {
    const response = await fetch('/auth/password/reset/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) return;
    const answer = await response.json();
    if (answer.valid !== false) return;
    form.hidden = true;
    show(MESSAGES[answer.code] ?? MESSAGES.reset_token_invalid, 'error');
  } catch {
    // unreachable now: the form stays, and submitting says what happened
  }
}

function resetPage() {
  const form = document.getElementById('reset-form');
  if (!guard(form)) return;
  void checkResetLink(form);
  const password = document.getElementById('new-password');
  const confirm = document.getElementById('confirm-password');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    password.removeAttribute('aria-invalid');
    confirm.removeAttribute('aria-invalid');
    if ([...password.value].length < 8 || [...password.value].length > 128) {
      password.setAttribute('aria-invalid', 'true');
      show('The password must be 8 to 128 characters.', 'error');
      password.focus();
      return;
    }
    if (password.value !== confirm.value) {
      confirm.setAttribute('aria-invalid', 'true');
      show('The two passwords differ.', 'error');
      confirm.focus();
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    const result = await post('/auth/password/reset', { token, newPassword: password.value });
    button.disabled = false;
    if (result.ok) {
      form.hidden = true;
      show('Your password has been changed and every session was signed out. Sign in with the new password.', 'done');
    } else {
      show(result.message, 'error');
    }
  });
}

/** A page whose one button spends the link's token at `path`. */
function confirmPage(path, done) {
  const form = document.getElementById('verify-form');
  if (!guard(form)) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    const result = await post(path, { token });
    button.disabled = false;
    if (result.ok) {
      form.hidden = true;
      show(done, 'done');
    } else {
      show(result.message, 'error');
    }
  });
}

if (page === 'reset-password') resetPage();
if (page === 'verify-email') confirmPage('/auth/email/verify', 'Your email address is confirmed. You can close this page.');
if (page === 'confirm-email')
  confirmPage(
    '/auth/email/change/confirm',
    'Your new email address is confirmed: sign in with it from now on. Your other sessions were signed out.',
  );
