// The widget's words, per page language. English is complete; another language is a table with
// the same keys (a missing key falls back to English, so a partial translation still works).
const en = {
  launcher: "Chat with us",
  unread: "{count} new",
  title: "Help",
  subtitle: "Answers from our policies",
  close: "Close chat",
  placeholder: "Ask a question…",
  send: "Send",
  keel: "Keel",
  you: "You",
  support: "Support",
  typingKeel: "Keel is typing",
  typingAgent: "{name} is typing",
  sources: "Source",
  cannotConfirm: "Keel could not confirm this from our policies.",
  offerHuman: "A person from our team can help with this.",
  askHuman: "Talk to a person",
  queued: "You are in the queue for a person.",
  joined: "{name} from support joined.",
  noAgents: "No one is online right now. Leave your email and we will follow up.",
  emailLabel: "Your email",
  emailSend: "Send",
  emailThanks: "Thanks, we will email you.",
  emailFailed: "That did not work. Check the address and try again.",
  reconnecting: "Reconnecting…",
  offline: "Connection lost. Your messages are kept and will be sent when we reconnect.",
  failed: "Not sent.",
  retry: "Retry",
  version: "version",
  rateQuestion: "Did this answer your question?",
  rateYes: "Yes",
  rateNo: "No",
  rateSaved: "Thanks! Add a rating or a comment if you like.",
  rateScore: "Rating, 1 (poor) to 5 (great), optional",
  rateComment: "Anything to add? (optional)",
  rateSend: "Send feedback",
  rateDismiss: "Not now",
  rateThanks: "Thanks for your feedback.",
  rateFailed: "Your feedback could not be sent. Please try again.",
} as const;

export type Strings = Record<keyof typeof en, string>;

const tables: Record<string, Partial<Strings>> = {
  en,
  fr: {
    launcher: "Discuter avec nous",
    unread: "{count} nouveau(x)",
    title: "Aide",
    subtitle: "Réponses tirées de nos conditions",
    close: "Fermer la discussion",
    placeholder: "Posez une question…",
    send: "Envoyer",
    you: "Vous",
    support: "Assistance",
    typingKeel: "Keel écrit",
    typingAgent: "{name} écrit",
    sources: "Source",
    cannotConfirm: "Keel n’a pas pu le confirmer dans nos conditions.",
    offerHuman: "Une personne de notre équipe peut vous aider.",
    askHuman: "Parler à une personne",
    queued: "Vous êtes dans la file d’attente.",
    joined: "{name} de l’assistance a rejoint la discussion.",
    noAgents: "Personne n’est disponible pour le moment. Laissez votre e-mail et nous vous répondrons.",
    emailLabel: "Votre e-mail",
    emailSend: "Envoyer",
    emailThanks: "Merci, nous vous écrirons.",
    emailFailed: "Cela n’a pas fonctionné. Vérifiez l’adresse et réessayez.",
    reconnecting: "Reconnexion…",
    offline: "Connexion perdue. Vos messages sont conservés et partiront à la reconnexion.",
    failed: "Non envoyé.",
    retry: "Réessayer",
    version: "version",
    rateQuestion: "Cette réponse vous a-t-elle aidé ?",
    rateYes: "Oui",
    rateNo: "Non",
    rateSaved: "Merci ! Vous pouvez ajouter une note ou un commentaire.",
    rateScore: "Note, de 1 (mauvais) à 5 (excellent), facultatif",
    rateComment: "Autre chose à ajouter ? (facultatif)",
    rateSend: "Envoyer mon avis",
    rateDismiss: "Pas maintenant",
    rateThanks: "Merci pour votre avis.",
    rateFailed: "Votre avis n’a pas pu être envoyé. Réessayez.",
  },
};

/** The table for a page language such as "fr-CA" (falls back to the base language, then English). */
export function stringsFor(lang: string | null | undefined): Strings {
  const code = (lang || "en").toLowerCase().split("-")[0]!;
  return { ...en, ...(tables[code] ?? {}) };
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");
}
