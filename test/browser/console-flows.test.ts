import {
  CalendarDate,
  GregorianCalendar,
  IslamicUmalquraCalendar,
  toCalendar,
} from '@internationalized/date';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocalAuthority } from '../../cli/local-stack/local-authority.ts';
import type { LocalOpsApi } from '../../cli/local-stack/local-ops-api.ts';
import { formatCountChange, formatDate, formatNumber } from '../../console/i18n/format.ts';
import type { Messages } from '../../console/i18n/messages.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import type {
  ApiError,
  ApprovalView,
  AuditVerification,
  CalendarView,
  CyclePlan,
  CycleReport,
  CycleView,
  ObjectionView,
} from '../../shared/ops-api/api-types.ts';
import {
  CATALOGS,
  CONSOLE_LANGUAGES,
  type ConsoleLanguage,
  launchChromium,
  openConsole,
  readDirection,
  saveScreenshot,
  seriousAccessibilityViolations,
  signInThroughConsole,
} from '../support/browser.ts';
import { callAs, startSeededOpsApi } from '../support/ops-api.ts';

/**
 * Maker-checker in the browser, on the real ops API and the local servers: an operator asks for the
 * month, an approver approves it, and the summary with its charts appears; the lead (operator and
 * approver) asks for a rerun and is offered no approve button, and the API refuses the request the
 * page could still make; a viewer reads a household masked.
 */

const chromiumPath = inject('chromiumPath');
const CYCLE = '2026-12' as CycleId;
const PREVIOUS = '2026-11' as CycleId;
const HOUSEHOLD = 'H00000001';
/** An iPad Air held upright. */
const TABLET = { width: 820, height: 1180 };

describe.skipIf(chromiumPath === null)('the console on the local ops API', () => {
  let browser: Browser;
  let api: LocalOpsApi;

  beforeAll(async () => {
    // Every run waits for a second person's approval.
    [browser, { api }] = await Promise.all([
      launchChromium(chromiumPath ?? ''),
      startSeededOpsApi({
        prefix: 'br-flow',
        households: 40,
        seed: 14,
        arrearsDueBy: CYCLE,
        consoleDir: inject('consoleDir'),
      }),
    ]);
  });

  beforeAll(async () => {
    // Last month, run through the API, so that the month page has a diff to show.
    await callAs(api, 'local-operator', 'POST', `/api/cycles/${PREVIOUS}/run`, {
      reason: 'November payment',
    });
    await api.executions.settled();
    const waiting = (await callAs(api, 'local-approver', 'GET', '/api/approvals'))
      .body as readonly ApprovalView[];
    const request = waiting.find((approval) => approval.cycle === PREVIOUS);
    await callAs(api, 'local-approver', 'POST', `/api/approvals/${request?.requestId}/approve`, {
      reason: 'November checked',
    });
    await api.executions.settled();
  });

  afterAll(async () => {
    await api?.executions.settled();
    await Promise.all([api?.close(), browser?.close()]);
  });

  /** A signed-in page of the console as `username`, in `language`. */
  async function consoleAs(username: string, language: ConsoleLanguage): Promise<Page> {
    const { page } = await openConsole(browser, api.url, { language });
    await signInThroughConsole(page, username, language);
    return page;
  }

  /** The cells of the table's row headed `header` (exactly). */
  function rowCells(table: Locator, header: string): Promise<string[]> {
    return table
      .getByRole('row')
      .filter({ has: table.page().getByRole('rowheader', { name: header, exact: true }) })
      .getByRole('cell')
      .allTextContents();
  }

  /** Opens the action's form, gives the reason, confirms; the form closes once the API accepted it. */
  async function act(page: Page, language: ConsoleLanguage, label: string, reason: string) {
    const { app } = CATALOGS[language];
    await page.getByRole('button', { name: label, exact: true }).click();
    const form = page.getByRole('form', { name: label });
    await form.getByRole('textbox').first().fill(reason);
    await form.getByRole('button', { name: app.confirm(label) }).click();
    await form.waitFor({ state: 'detached' });
  }

  async function approveThroughConsole(kind: 'run' | 'rerun'): Promise<void> {
    const page = await consoleAs('local-approver', 'ar');
    const { approvals } = CATALOGS.ar;
    await page.goto('/approvals');
    const card = page
      .getByRole('article')
      .filter({ hasText: approvals.kind[kind] })
      .filter({ hasText: approvals.status.pending });
    await card.waitFor();
    // The approver reads what moved since last month (the dry run) before deciding.
    await card.getByRole('button', { name: approvals.showDiff }).click();
    const plan = (await callAs(api, 'local-approver', 'GET', `/api/cycles/${CYCLE}/plan`))
      .body as CyclePlan;
    const diff = card.getByRole('region', { name: approvals.diff });
    const added = diff
      .locator('dt', { hasText: approvals.added })
      .locator('xpath=following-sibling::dd[1]');
    await expect(added.textContent()).resolves.toBe(formatNumber('ar', plan.added.count));
    await act(page, 'ar', approvals.approve, 'تمت مراجعة المبلغ');
    await page.context().close();
  }

  it('runs a month with two people: the operator asks, an approver approves, and a watching page shows it complete with its summary and charts', async () => {
    // Arrange
    const operator = await consoleAs('local-operator', 'en');
    const { month, approvals, report } = CATALOGS.en;
    await operator.goto(`/cycles/${CYCLE}`);
    await operator.getByText(month.notPlanned).waitFor();

    // Act: the operator asks for the month; it waits at its gate for an approver.
    await act(operator, 'en', month.run, 'December payment');
    await operator.getByRole('status').waitFor();
    await api.executions.settled();
    await operator.goto('/approvals');
    await operator.getByRole('article').filter({ hasText: approvals.status.pending }).waitFor();
    const operatorMayApprove = await operator
      .getByRole('button', { name: approvals.approve })
      .count();
    // A viewer watches the month, planned and waiting, while an approver approves it.
    const viewer = await consoleAs('local-viewer', 'en');
    await viewer.goto(`/cycles/${CYCLE}`);
    await viewer.getByText(month.status.planned, { exact: true }).waitFor();
    await approveThroughConsole('run');

    // Assert: the month runs, and the viewer's page, polling, shows its summary and charts.
    expect(operatorMayApprove).toBe(0);
    await viewer.getByText(month.status.completed, { exact: true }).waitFor();
    await viewer.getByRole('heading', { name: report.title }).waitFor();
    const answer = await callAs(api, 'local-viewer', 'GET', `/api/cycles/${CYCLE}/report`);
    const totals = (answer.body as CycleReport).cycle.totals;
    const outcomes = viewer.getByRole('table', { name: report.outcomes });
    await expect(rowCells(outcomes, report.paid)).resolves.toEqual([
      totals?.paid.toLocaleString('en-GB'),
    ]);
    const previous = (answer.body as CycleReport).previous?.totals;
    const diff = viewer.getByRole('table', { name: report.diff });
    await expect(rowCells(diff, report.paid)).resolves.toEqual([
      totals?.paid.toLocaleString('en-GB'),
      previous?.paid.toLocaleString('en-GB'),
      formatCountChange('en', (totals?.paid ?? 0) - (previous?.paid ?? 0)),
    ]);
    expect(await viewer.locator('figure .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await viewer.locator('figure').count()).toBe(4);
    await viewer.context().close();
    await operator.context().close();
  });

  it('offers the lead who asked for a rerun no approve button, refuses the request the page can still make, and reruns once an approver approves', async () => {
    // Arrange
    const lead = await consoleAs('local-lead', 'ar');
    const { month, approvals } = CATALOGS.ar;
    await lead.goto(`/cycles/${CYCLE}`);

    // Act: the lead asks for a rerun, then tries to approve it from the page with their own token.
    await act(lead, 'ar', month.rerun, 'أعاد البنك دفعات');
    await api.executions.settled();
    await lead.goto('/approvals');
    const request = lead
      .getByRole('article')
      .filter({ hasText: approvals.kind.rerun })
      .filter({ hasText: approvals.status.pending });
    await request.waitFor();
    const requestId = await request.getAttribute('data-request-id');
    const approveButtons = await lead.getByRole('button', { name: approvals.approve }).count();
    const forced = await lead.evaluate(async (id) => {
      const { accessToken } = JSON.parse(sessionStorage.getItem('dafaa.session') ?? '{}');
      const response = await fetch(`/api/approvals/${id}/approve`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'my own request' }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    }, requestId);
    await approveThroughConsole('rerun');
    await api.executions.settled();

    // Assert
    expect(approveButtons).toBe(0);
    expect(forced.status).toBe(403);
    expect((forced.body as ApiError).error).toBe('forbidden');
    const view = (await callAs(api, 'local-viewer', 'GET', `/api/cycles/${CYCLE}`))
      .body as CycleView;
    expect(view.cycle?.status).toBe('completed');
    expect(view.cycle?.runs).toHaveLength(2);
    await lead.context().close();
  });

  it('shows a viewer the household masked, and an operator its contact in full', async () => {
    // Arrange
    const { household } = CATALOGS.en;
    const nationalIdOf = (page: Page) =>
      page
        .locator('.fact')
        .filter({ hasText: household.nationalId })
        .getByRole('definition')
        .textContent();

    // Act
    const viewer = await consoleAs('local-viewer', 'en');
    await viewer.goto(`/households/${HOUSEHOLD}`);
    await viewer.getByRole('heading', { name: household.contact }).waitFor();
    const operator = await consoleAs('local-operator', 'en');
    await operator.goto(`/households/${HOUSEHOLD}`);
    await operator.getByRole('heading', { name: household.contact }).waitFor();

    // Assert
    await expect(viewer.getByText(household.masked, { exact: true }).count()).resolves.toBe(1);
    expect(await nationalIdOf(viewer)).toMatch(/^\*{8}\d{2}$/);
    await expect(operator.getByText(household.masked, { exact: true }).count()).resolves.toBe(0);
    expect(await nationalIdOf(operator)).toMatch(/^[12]\d{9}$/);
    await viewer.context().close();
    await operator.context().close();
  });

  it('takes a calendar override picked in the Hijri calendar as a request, and records it once an approver approves', async () => {
    // Arrange: 10 Ramadan 1448 in the Umm al-Qura calendar, as the day the banks close.
    const closedDay = toCalendar(
      new CalendarDate(new IslamicUmalquraCalendar(), 1448, 9, 10),
      new GregorianCalendar(),
    ).toString();
    const operator = await consoleAs('local-operator', 'en');
    const { calendar, approvals } = CATALOGS.en;
    await operator.goto('/calendar');

    // Act: the operator asks in the console, an approver approves in the console.
    await operator.getByLabel(calendar.kindLabel).selectOption('closed-day');
    await operator.getByLabel(calendar.hijriPicker).check();
    await operator.getByRole('spinbutton').first().click();
    await operator.keyboard.type('10091448');
    await operator.getByRole('textbox', { name: CATALOGS.en.app.reason }).fill('Announced holiday');
    await operator.getByRole('button', { name: calendar.submit }).click();
    await operator.getByText(calendar.requested).waitFor();
    const approver = await consoleAs('local-approver', 'en');
    await approver.goto('/approvals');
    await approver
      .getByRole('article')
      .filter({ hasText: approvals.kind.calendar })
      .filter({ hasText: approvals.status.pending })
      .waitFor();
    await act(approver, 'en', approvals.approve, 'Announcement checked');

    // Assert
    const view = (await callAs(api, 'local-viewer', 'GET', '/api/calendar')).body as CalendarView;
    expect(view.overrides).toContainEqual(
      expect.objectContaining({ kind: 'closed-day', date: closedDay, reason: 'Announced holiday' }),
    );
    await operator.goto('/calendar');
    await operator
      .getByRole('listitem')
      .filter({ hasText: `${calendar.overrideKind['closed-day']} ${formatDate('en', closedDay)}` })
      .waitFor();
    await operator.context().close();
    await approver.context().close();
  });

  it('walks an objection from the queue through review to rejection, with the reason the household is told', async () => {
    // Arrange
    const submitted = await callAs(api, 'local-operator', 'POST', '/api/objections', {
      householdId: 'H00000002',
      resultCycle: CYCLE,
      subject: 'ineligibility',
      reasons: 'we live in the Kingdom',
    });
    const { objectionId } = submitted.body as ObjectionView;
    const operator = await consoleAs('local-operator', 'ar');
    const { objections } = CATALOGS.ar;
    await operator.goto('/objections');

    // Act
    await operator.getByRole('link', { name: objectionId }).click();
    await act(operator, 'ar', objections.review, 'بدأت المراجعة');
    await operator.getByText(objections.status['under-review'], { exact: true }).waitFor();
    await act(operator, 'ar', objections.reject, 'سجلات السفر تثبت البقاء خارج المملكة');
    await operator.getByText(objections.status.rejected, { exact: true }).waitFor();
    const shownReason = await operator
      .locator('dt', { hasText: objections.rejectionReason })
      .locator('xpath=following-sibling::dd[1]')
      .textContent();

    // Assert
    expect(shownReason).toBe('سجلات السفر تثبت البقاء خارج المملكة');
    const stored = await callAs(api, 'local-operator', 'GET', `/api/objections/${objectionId}`);
    expect(stored.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'سجلات السفر تثبت البقاء خارج المملكة',
    });
    await operator.context().close();
  });

  it('accepts an objection under review, the arrears left to the rule (automatic arrears are on)', async () => {
    // Arrange
    const submitted = await callAs(api, 'local-operator', 'POST', '/api/objections', {
      householdId: 'H00000003',
      resultCycle: CYCLE,
      subject: 'amount',
      reasons: 'a dependent was left out',
    });
    const { objectionId } = submitted.body as ObjectionView;
    await callAs(api, 'local-operator', 'POST', `/api/objections/${objectionId}/review`, {});
    const operator = await consoleAs('local-operator', 'en');
    const { objections } = CATALOGS.en;
    await operator.goto(`/objections/${objectionId}`);

    // Act
    await act(operator, 'en', objections.accept, 'birth certificate seen');
    await operator.getByText(objections.status.accepted, { exact: true }).waitFor();

    // Assert
    const stored = await callAs(api, 'local-viewer', 'GET', `/api/objections/${objectionId}`);
    expect(stored.body).toMatchObject({ status: 'accepted' });
    expect((stored.body as ObjectionView).history.at(-1)).toMatchObject({
      to: 'accepted',
      note: 'birth certificate seen',
    });
    await operator.context().close();
  });

  it('holds last month with a reason and releases it', async () => {
    // Arrange
    const operator = await consoleAs('local-operator', 'en');
    const { month } = CATALOGS.en;
    await operator.goto(`/cycles/${PREVIOUS}`);

    // Act
    await act(operator, 'en', month.hold, 'bank file under investigation');
    const held = operator.getByText(/bank file under investigation/);
    await held.waitFor();
    const heldRecord = (await callAs(api, 'local-viewer', 'GET', `/api/cycles/${PREVIOUS}`))
      .body as CycleView;
    await act(operator, 'en', month.release, 'bank file cleared');
    await held.waitFor({ state: 'detached' });

    // Assert
    expect(heldRecord.cycle?.hold).toMatchObject({ reason: 'bank file under investigation' });
    const released = (await callAs(api, 'local-viewer', 'GET', `/api/cycles/${PREVIOUS}`))
      .body as CycleView;
    expect(released.cycle?.hold).toBeNull();
    await operator.context().close();
  });

  it("shows the API's refusal to a user whose role may not see a page they typed the address of", async () => {
    // Arrange
    const viewer = await consoleAs('local-viewer', 'en');
    const refusal = await callAs(api, 'local-viewer', 'GET', '/api/audit?limit=50');

    // Act
    await viewer.goto('/audit');

    // Assert
    expect(refusal.status).toBe(403);
    await expect(viewer.getByRole('alert').first().textContent()).resolves.toBe(
      (refusal.body as ApiError).message,
    );
    await viewer.context().close();
  });

  it('sends a user whose token the API no longer accepts back to sign-in', async () => {
    // Arrange: a token of another authority's key, unexpired, as a stale or forged one would be.
    const { page, context } = await openConsole(browser, api.url, { language: 'en' });
    // Once: the init script runs on every page load, and a session put back on the sign-in page
    // would send the user round again.
    await context.addInitScript((token) => {
      if (sessionStorage.getItem('test.stale-token-put') !== null) return;
      sessionStorage.setItem('test.stale-token-put', 'yes');
      sessionStorage.setItem(
        'dafaa.session',
        JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 }),
      );
    }, createLocalAuthority().issue('local-operator'));

    // Act
    await page.goto('/approvals');

    // Assert
    await page.waitForURL('**/sign-in');
    await page.getByText(CATALOGS.en.app.sessionEnded).waitFor();
    await context.close();
  });

  it('verifies the audit log for an auditor, and gives the head to keep as the next anchor', async () => {
    // Arrange
    const auditor = await consoleAs('local-auditor', 'en');
    const { audit } = CATALOGS.en;
    await auditor.goto('/audit');

    // Act
    await auditor.getByRole('button', { name: audit.verify }).click();
    const head = auditor.getByLabel(audit.head);
    await head.waitFor();

    // Assert
    const answer = await callAs(api, 'local-auditor', 'GET', '/api/audit/verify');
    const { chain, head: expected } = answer.body as AuditVerification;
    expect(chain.valid).toBe(true);
    await expect(auditor.getByRole('status').locator('p').first().textContent()).resolves.toBe(
      audit.valid(chain.valid ? formatNumber('en', chain.entries) : ''),
    );
    expect(await head.inputValue()).toBe(`${expected?.sequence}:${expected?.hash}`);
    await auditor.context().close();
  });

  describe('every page, in Arabic and in English', () => {
    let objectionId: string;

    beforeAll(async () => {
      const submitted = await callAs(api, 'local-operator', 'POST', '/api/objections', {
        householdId: HOUSEHOLD,
        resultCycle: CYCLE,
        subject: 'amount',
        reasons: 'المبلغ أقل مما نستحق',
      });
      objectionId = (submitted.body as ObjectionView).objectionId;
    });

    const PAGES: ReadonlyArray<{
      readonly name: string;
      readonly user: string;
      readonly path: () => string;
      /** A text the page shows once its data is in. */
      readonly ready: (t: Messages) => string;
    }> = [
      {
        name: 'month',
        user: 'local-lead',
        path: () => `/cycles/${CYCLE}`,
        ready: (t) => t.report.title,
      },
      {
        name: 'approvals',
        user: 'local-lead',
        path: () => '/approvals',
        ready: (t) => t.approvals.requestedBy,
      },
      {
        name: 'calendar',
        user: 'local-operator',
        path: () => '/calendar',
        ready: (t) => t.calendar.requestTitle,
      },
      {
        name: 'objections',
        user: 'local-operator',
        path: () => '/objections',
        ready: (t) => t.objections.subject.amount,
      },
      {
        name: 'objection',
        user: 'local-operator',
        path: () => `/objections/${objectionId}`,
        ready: (t) => t.objections.history,
      },
      {
        name: 'household',
        user: 'local-viewer',
        path: () => `/households/${HOUSEHOLD}`,
        ready: (t) => t.household.payments,
      },
      { name: 'audit', user: 'local-auditor', path: () => '/audit', ready: (t) => t.audit.verify },
    ];

    for (const language of CONSOLE_LANGUAGES) {
      const direction = language === 'ar' ? 'rtl' : 'ltr';
      for (const { name, user, path, ready } of PAGES) {
        it(`shows the ${name} page ${direction} in ${language}, accessible and within the CSP, at a laptop's and a tablet's width`, async () => {
          // Arrange
          const { page, problems } = await openConsole(browser, api.url, { language });
          await signInThroughConsole(page, user, language);

          // Act
          await page.goto(path());
          await page.getByText(ready(CATALOGS[language]), { exact: true }).first().waitFor();

          // Assert: laid out in the language's direction, accessible, and no wider than a tablet.
          expect(await readDirection(page)).toEqual({ dir: direction, lang: language, direction });
          expect(await seriousAccessibilityViolations(page)).toEqual([]);
          await saveScreenshot(page, name, language);
          expect(problems).toEqual([]);
          await page.setViewportSize(TABLET);
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(TABLET.width);
          await page.context().close();
        });
      }
    }
  });
});
