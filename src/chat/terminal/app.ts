/**
 * The terminal chat: one conversation on stdin/stdout, for trying the bot with no chat account.
 * A number presses the matching button of the last message; /commands work as in Telegram; at end
 * of input it waits for clips still in progress, then exits.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { text, type MessageKey } from "../../domain/reply.ts";
import type { CommandName, DialogueEvent } from "../../dialogue/state.ts";
import type { ConversationRunner, Incoming } from "../../app/conversation.ts";
import type { TerminalPort } from "./port.ts";

const COMMANDS = new Set<CommandName>(["start", "help", "video", "image", "status", "models", "language", "cancel", "usage", "admin"]);

export interface TerminalChatOptions {
  conversations: ConversationRunner;
  port: TerminalPort;
  input: Readable;
  output: Writable;
  /** Clips of this chat still being made or delivered. */
  pending: () => number;
  sandbox: boolean;
  /** How often to look again while waiting for clips at end of input. */
  waitIntervalMs?: number;
}

export const TERMINAL_CHAT: Pick<Incoming, "platform" | "chatId" | "userId"> = { platform: "terminal", chatId: "local", userId: "local" };

export function toEvent(line: string, port: TerminalPort): DialogueEvent {
  const trimmed = line.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const action = port.choice(Number(trimmed));
    if (action) return { type: "press", action };
  }
  const command = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (command && COMMANDS.has(command[1]!.toLowerCase() as CommandName)) {
    return { type: "command", name: command[1]!.toLowerCase() as CommandName, args: command[2] ?? "" };
  }
  return { type: "text", text: trimmed };
}

export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { conversations, port, output } = options;
  // Until the user writes something, the terminal's own locale is the best guess.
  let language = process.env.LANG?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
  const say = (key: MessageKey) => output.write(`${conversations.translator.render(language, text(key))}\n`);
  say(options.sandbox ? "terminal.banner_sandbox" : "terminal.banner");

  const rl = createInterface({ input: options.input, terminal: false });
  const interactive = (options.input as { isTTY?: boolean }).isTTY === true;
  const prompt = () => interactive && output.write("\n> ");
  prompt();
  for await (const line of rl) {
    if (line.trim().length === 0) {
      prompt();
      continue;
    }
    const handled = await conversations.handle({ ...TERMINAL_CHAT }, toEvent(line, port));
    language = handled.language;
    if (handled.alert) output.write(`\n${conversations.translator.render(handled.language, handled.alert)}\n`);
    prompt();
  }

  if (options.pending() > 0) {
    output.write("\n");
    say("terminal.waiting");
    while (options.pending() > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.waitIntervalMs ?? 250));
    }
  }
}
