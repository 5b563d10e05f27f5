/**
 * The terminal as a chat platform: messages are printed, buttons become numbered choices, and an
 * edit prints the new text (a pipe cannot rewrite a line already written).
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { Action, Button, Message, Outbound, Text } from "../../domain/reply.ts";
import type { Translator } from "../../i18n/index.ts";
import type { ChatPort, ChatTarget, Sent } from "../../ports/chat.ts";

export interface TerminalPort extends ChatPort {
  /** The action behind choice `n` (1-based) of the most recent message with buttons. */
  choice(n: number): Action | undefined;
}

export function createTerminalPort(options: {
  output: Writable;
  translator: Translator;
  /** Where clips that needed our credentials to download are saved. */
  downloadDir: string;
}): TerminalPort {
  const { output, translator } = options;
  let choices: Action[] = [];
  let counter = 0;

  const write = (s: string) => output.write(`${s}\n`);
  const lines = (language: string, texts: Text[]) => texts.map((t) => translator.render(language, t)).join("\n\n");
  const showButtons = (language: string, rows: Button[][] | undefined) => {
    if (!rows || rows.length === 0) return;
    choices = rows.flat().map((b) => b.action);
    let n = 0;
    const rendered = rows.map((row) => row.map((b) => `[${++n}] ${translator.render(language, b.label)}`).join("   "));
    write(rendered.join("\n"));
  };

  return {
    platform: "terminal",
    async send(to: ChatTarget, message: Outbound): Promise<Sent> {
      const id = String(++counter);
      write("");
      if (message.type === "message") {
        write(lines(to.language, message.lines));
      } else if (message.type === "video") {
        write(lines(to.language, message.caption));
        if (message.file) {
          mkdirSync(options.downloadDir, { recursive: true });
          const path = join(options.downloadDir, message.file.name);
          copyFileSync(message.file.path, path);
          write(path);
        }
      } else {
        write(lines(to.language, message.caption));
        for (const url of message.urls) write(url);
      }
      showButtons(to.language, message.buttons);
      return { messageId: id };
    },
    async edit(to: ChatTarget, _messageId: string, message: Message): Promise<void> {
      write("");
      write(lines(to.language, message.lines));
      showButtons(to.language, message.buttons);
    },
    choice(n: number): Action | undefined {
      return choices[n - 1];
    },
  };
}
