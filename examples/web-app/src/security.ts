import { AuthClientError, type AuthClient, type FactorInput, type MfaFactors } from '@auth-service/client';
import QRCode from 'qrcode';

/** The "Security" section: passkeys, an authenticator app from a QR code, recovery codes, and the step-up some of them need. */
export function securitySection(auth: AuthClient, run: (action: () => Promise<void>) => Promise<void>, say: (message: string) => void) {
  const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const factorsBody = element<HTMLTableElement>('factors').tBodies[0];
  const stepUpForm = element<HTMLFormElement>('step-up-form');
  /** The action waiting for a step-up, retried once the user confirmed it is them. */
  let afterStepUp: (() => Promise<void>) | null = null;

  const cell = (text: string) => {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  };
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

  async function render(): Promise<void> {
    const factors: MfaFactors = await auth.mfaFactors();
    factorsBody.replaceChildren(
      ...factors.totp.map((f) => row('Authenticator app', '—', f.createdAt, f.lastUsedAt)),
      ...factors.passkeys.map((p) => row(p.backedUp ? 'Passkey (synced)' : 'Passkey', p.name, p.createdAt, p.lastUsedAt)),
    );
    element('recovery-left').textContent = `${factors.recoveryCodesLeft} recovery codes left.`;
  }
  function row(kind: string, name: string, created: string, lastUsed: string | null): HTMLTableRowElement {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = kind;
    tr.append(th, cell(name), cell(when(created)), cell(when(lastUsed)));
    return tr;
  }

  function showCodes(codes: string[] | undefined): void {
    if (!codes?.length) return;
    element<HTMLUListElement>('recovery-list').replaceChildren(
      ...codes.map((code) => {
        const li = document.createElement('li');
        li.textContent = code;
        return li;
      }),
    );
    element('recovery-codes').hidden = false;
  }

  /** Runs `action`; a step_up_required answer asks the user to confirm it is them, then runs it again. */
  async function withStepUp(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AuthClientError && error.code === 'step_up_required')) throw error;
      afterStepUp = action;
      stepUpForm.hidden = false;
      element<HTMLInputElement>('step-up-code').focus();
      say('Confirm it is you to continue.');
    }
  }

  async function stepUp(factor: FactorInput): Promise<void> {
    await auth.stepUp(factor);
    stepUpForm.hidden = true;
    element<HTMLInputElement>('step-up-code').value = '';
    const pending = afterStepUp;
    afterStepUp = null;
    await pending?.();
  }

  element<HTMLFormElement>('passkey-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = element<HTMLInputElement>('passkey-name').value.trim() || undefined;
    void run(async () => {
      const added = await auth.registerPasskey(name);
      showCodes(added.recoveryCodes);
      await render();
      say(`Passkey "${added.name}" added.`);
    });
  });

  let pendingTotp: string | null = null;
  element('totp-start').addEventListener(
    'click',
    () =>
      void run(async () => {
        const enrolment = await auth.enrollTotp();
        pendingTotp = enrolment.id;
        element<HTMLImageElement>('totp-qr').src = await QRCode.toDataURL(enrolment.otpauthUrl, { margin: 1, width: 200 });
        element('totp-secret').textContent = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
        element('totp-form').hidden = false;
        element<HTMLInputElement>('totp-code').focus();
      }),
  );
  element<HTMLFormElement>('totp-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      if (!pendingTotp) return;
      const { recoveryCodes } = await auth.confirmTotp(pendingTotp, element<HTMLInputElement>('totp-code').value.trim());
      pendingTotp = null;
      element('totp-form').hidden = true;
      showCodes(recoveryCodes);
      await render();
      say('Authenticator app set up.');
    });
  });

  element('recovery-regenerate').addEventListener(
    'click',
    () =>
      void run(() =>
        withStepUp(async () => {
          showCodes((await auth.regenerateRecoveryCodes()).recoveryCodes);
          await render();
          say('New recovery codes: the old ones no longer work.');
        }),
      ),
  );

  stepUpForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(() => stepUp({ code: element<HTMLInputElement>('step-up-code').value.trim() }));
  });
  element('step-up-passkey').addEventListener('click', () => void run(() => stepUp({ passkey: true })));

  return {
    render,
    reset(): void {
      factorsBody.replaceChildren();
      for (const id of ['totp-form', 'recovery-codes', 'step-up-form']) element(id).hidden = true;
      afterStepUp = null;
      pendingTotp = null;
    },
  };
}
