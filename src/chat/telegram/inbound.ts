/**
 * Which Telegram messages are meant for the bot, and what they say as dialogue events. In a private
 * chat every message is; in a group only commands, @mentions and replies to the bot's own messages
 * are (what Telegram's privacy mode delivers anyway), so the bot never talks over a conversation.
 */
import type { CommandName, DialogueEvent } from "../../dialogue/state.ts";

export const COMMANDS: readonly CommandName[] = ["start", "help", "video", "image", "status", "models", "language", "cancel", "usage", "admin"];

/** The commands shown in Telegram's menu: /admin works for admins but is not offered to everyone. */
export const MENU_COMMANDS: readonly Exclude<CommandName, "admin">[] = COMMANDS.filter((c): c is Exclude<CommandName, "admin"> => c !== "admin");

export interface BotIdentity {
  id: number;
  username: string;
}

/** The parts of a Telegram message this module reads. */
export interface InboundMessage {
  text?: string;
  caption?: string;
  chat: { type: string };
  reply_to_message?: { from?: { id: number } };
}

interface Command {
  name: string;
  target?: string;
  args: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

function commandOf(body: string): Command | undefined {
  const match = COMMAND.exec(body.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { target: match[2] } : {}), args: (match[3] ?? "").trim() };
}

function mentionPattern(me: BotIdentity): RegExp {
  return new RegExp(`(^|[^\\w@])@${me.username.replace(/[^\w]/g, "")}\\b`, "i");
}

function withoutMention(body: string, me: BotIdentity): string {
  return body.replace(new RegExp(mentionPattern(me).source, "gi"), "$1").replace(/[ \t]{2,}/g, " ").trim();
}

function isPrivate(message: InboundMessage): boolean {
  return message.chat.type === "private";
}

function repliesToBot(message: InboundMessage, me: BotIdentity): boolean {
  return message.reply_to_message?.from?.id === me.id;
}

/**
 * Who is speaking, as the key for ownership, budgets and conversations. Everyone posting as a
 * channel shares one `from` (Channel_Bot, 136817688) and every anonymous admin another
 * (GroupAnonymousBot, 1087968824); the chat they speak as (`sender_chat`: the channel, or the group
 * itself) is what tells them apart. A chat id is negative, so it never collides with a person's id.
 */
export function speakerOf(message: { sender_chat?: { id: number }; from?: { id: number }; chat: { id: number } }): string {
  return String(message.sender_chat?.id ?? message.from?.id ?? message.chat.id);
}

/** A speaker key that is a chat (a channel or an anonymous admin), not a person. */
export function isChatSpeaker(speaker: string): boolean {
  return speaker.startsWith("-");
}

/** The event a text message carries, or undefined when it is not for the bot. */
export function textEvent(message: InboundMessage, me: BotIdentity): DialogueEvent | undefined {
  const body = message.text ?? "";
  const command = commandOf(body);
  if (command) {
    // "/video@other_bot" in a group belongs to another bot.
    if (command.target && command.target.toLowerCase() !== me.username.toLowerCase()) return undefined;
    const known = (COMMANDS as readonly string[]).includes(command.name);
    // An unknown command in a group is most likely another bot's; asked directly, the dialogue
    // answers it with the list of commands.
    if (!known && !isPrivate(message) && !command.target) return undefined;
    return { type: "command", name: command.name as CommandName, args: command.args };
  }
  if (!isPrivate(message) && !mentionPattern(me).test(body) && !repliesToBot(message, me)) return undefined;
  const cleaned = withoutMention(body, me);
  return cleaned.length > 0 ? { type: "text", text: cleaned } : undefined;
}

/**
 * Whether a photo or document is meant for the bot, and the caption that goes with it (a leading
 * /video or /image and the mention are not part of the description).
 */
export function mediaCaption(message: InboundMessage, me: BotIdentity): { addressed: boolean; caption?: string } {
  const body = message.caption ?? "";
  const command = commandOf(body);
  const forUs = command !== undefined && (!command.target || command.target.toLowerCase() === me.username.toLowerCase());
  const addressed = isPrivate(message) || forUs || mentionPattern(me).test(body) || repliesToBot(message, me);
  const described = withoutMention(forUs ? command.args : body, me);
  return described.length > 0 ? { addressed, caption: described } : { addressed };
}
