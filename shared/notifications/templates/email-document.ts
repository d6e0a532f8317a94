import type { Language } from '../../i18n/language.ts';

/**
 * An email as its templates describe it, and the two parts every email is sent as: plain text and a
 * small HTML document. A template never writes HTML or bidi controls itself: it marks the values it
 * interpolates (numbers, amounts, dates, reference ids), and this module escapes every value and
 * isolates the marked ones, with `<bdi>` in HTML and FSI ... PDI (U+2068 ... U+2069) in Arabic text,
 * so an amount or an id never reorders the Arabic sentence around it.
 */

/** A value set apart from the sentence around it: a number, an amount, a date, a reference id. */
export interface Isolated {
  readonly isolate: string;
}

/** A run of a sentence: template wording (a string) or an interpolated value. */
export type Inline = string | Isolated;

export type Block =
  /** A paragraph. */
  | { readonly kind: 'paragraph'; readonly parts: readonly Inline[] }
  /** Label and value rows: the figures of a payment, the months of arrears. */
  | { readonly kind: 'facts'; readonly rows: readonly Fact[] }
  /** A bulleted list. */
  | { readonly kind: 'list'; readonly items: ReadonlyArray<readonly Inline[]> }
  /** Free text written by a person (the support team's reason), line breaks kept. */
  | { readonly kind: 'quote'; readonly text: string };

export interface Fact {
  readonly label: string;
  readonly value: readonly Inline[];
}

/** What an email template produces; the renderer adds the greeting, footer and document. */
export interface EmailContent {
  readonly subject: readonly Inline[];
  readonly heading: readonly Inline[];
  readonly blocks: readonly Block[];
}

/** Marks a value to be isolated. */
export function value(text: string): Isolated {
  return { isolate: text };
}

/** A paragraph from runs. */
export function paragraph(...parts: Inline[]): Block {
  return { kind: 'paragraph', parts };
}

const FSI = '\u2068';
const PDI = '\u2069';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function inlineText(parts: readonly Inline[], language: Language): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      return language === 'ar' ? `${FSI}${part.isolate}${PDI}` : part.isolate;
    })
    .join('');
}

/** The runs with no bidi controls: for the HTML title, which takes its direction from the document. */
function plainText(parts: readonly Inline[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : part.isolate)).join('');
}

function inlineHtml(parts: readonly Inline[]): string {
  return parts
    .map((part) =>
      typeof part === 'string' ? escapeHtml(part) : `<bdi>${escapeHtml(part.isolate)}</bdi>`,
    )
    .join('');
}

function quoteLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function blockText(block: Block, language: Language): string {
  switch (block.kind) {
    case 'paragraph':
      return inlineText(block.parts, language);
    case 'facts':
      return block.rows
        .map((row) => `- ${row.label}: ${inlineText(row.value, language)}`)
        .join('\n');
    case 'list':
      return block.items.map((item) => `- ${inlineText(item, language)}`).join('\n');
    case 'quote':
      // Each line isolated in Arabic: the reason may be written in either language.
      return quoteLines(block.text)
        .map((line) => `    ${language === 'ar' ? `${FSI}${line}${PDI}` : line}`)
        .join('\n');
  }
}

type Direction = 'rtl' | 'ltr';

/**
 * Inline styles, with physical sides per direction: many mail clients ignore the logical ones
 * (`padding-inline-start`), so the start side is written as left or right.
 */
function stylesFor(direction: Direction) {
  const start = direction === 'rtl' ? 'right' : 'left';
  const end = direction === 'rtl' ? 'left' : 'right';
  return {
    body: 'margin:0;padding:24px;background:#f4f5f4;font-family:Tahoma,Arial,sans-serif;color:#1b1b1b;line-height:1.7',
    card: 'max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px',
    brand: 'margin:0 0 8px;font-size:14px;color:#1b7a46;font-weight:bold',
    heading: 'margin:0 0 16px;font-size:20px',
    paragraph: 'margin:0 0 16px;font-size:16px',
    table: 'border-collapse:collapse;margin:0 0 16px;font-size:16px',
    label: `padding:4px 0;padding-${end}:16px;font-weight:normal;color:#555555;text-align:${start}`,
    cell: `padding:4px 0;font-weight:bold;text-align:${start}`,
    list: `margin:0 0 16px;padding-${start}:24px;font-size:16px`,
    quote: `margin:0 0 16px;padding:12px 16px;background:#f4f5f4;border-${start}:4px solid #1b7a46;white-space:pre-wrap`,
    footer: 'margin:24px 0 0;padding-top:16px;border-top:1px solid #dddddd;color:#555555',
    footerParagraph: 'margin:0 0 8px;font-size:14px',
  };
}

type Styles = ReturnType<typeof stylesFor>;

function blockHtml(block: Block, style: Styles, paragraphStyle: string = style.paragraph): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${paragraphStyle}">${inlineHtml(block.parts)}</p>`;
    case 'facts': {
      const rows = block.rows
        .map(
          (row) =>
            `<tr><th scope="row" style="${style.label}">${escapeHtml(row.label)}</th>` +
            `<td style="${style.cell}">${inlineHtml(row.value)}</td></tr>`,
        )
        .join('');
      return `<table role="presentation" style="${style.table}">${rows}</table>`;
    }
    case 'list': {
      const items = block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('');
      return `<ul style="${style.list}">${items}</ul>`;
    }
    case 'quote':
      return `<blockquote dir="auto" style="${style.quote}">${escapeHtml(block.text)}</blockquote>`;
  }
}

/** The parts of one email: subject, plain text and HTML. */
export interface EmailParts {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The fixed wording around every email of one language. */
export interface EmailFrame {
  readonly programName: string;
  readonly greeting: string;
  readonly footer: readonly Block[];
  readonly signature: string;
}

/** Renders an email's content, with its language's frame, as subject, text and HTML. */
export function renderEmailParts(
  content: EmailContent,
  frame: EmailFrame,
  language: Language,
): EmailParts {
  const subject = inlineText(content.subject, language);
  const text = [
    inlineText(content.heading, language),
    frame.greeting,
    ...content.blocks.map((block) => blockText(block, language)),
    ...frame.footer.map((block) => blockText(block, language)),
    frame.signature,
  ].join('\n\n');
  const direction: Direction = language === 'ar' ? 'rtl' : 'ltr';
  const style = stylesFor(direction);
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${direction}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(plainText(content.subject))}</title>`,
    '</head>',
    `<body style="${style.body}">`,
    `<div style="${style.card}">`,
    `<p style="${style.brand}">${escapeHtml(frame.programName)}</p>`,
    `<h1 style="${style.heading}">${inlineHtml(content.heading)}</h1>`,
    `<p style="${style.paragraph}">${escapeHtml(frame.greeting)}</p>`,
    ...content.blocks.map((block) => blockHtml(block, style)),
    `<div style="${style.footer}">`,
    ...frame.footer.map((block) => blockHtml(block, style, style.footerParagraph)),
    `<p style="${style.footerParagraph}">${escapeHtml(frame.signature)}</p>`,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
