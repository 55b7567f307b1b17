import type { Request, Response } from "express";
import type { UserStore } from "../accounts/user-store";
import type { NoteRequest } from "../model";

/** Client of the third-party notes app that a wearer can link in the phone app. */
export class NotesAppClient {
  constructor(private readonly baseUrl: string) {}

  /**
   * Creates a note in the wearer's account at the notes app.
   * @sink third_party
   */
  async createNote(account: string, text: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/accounts/${encodeURIComponent(account)}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) {
      throw new Error("The notes app rejected the note");
    }
  }
}

/** Services that the notes endpoint calls. */
export interface NotesDependencies {
  users: UserStore;
  notes: NotesAppClient;
}

/** Creates the handler of `POST /v1/notes`, which saves a dictated note to the linked notes app. */
export function createNotesHandler(deps: NotesDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    const profile = deps.users.authenticate(req.get("authorization"));
    if (profile === undefined) {
      res.status(401).json({ error: "Missing or expired device session; pair the glasses again" });
      return;
    }
    if (profile.notesAccount === undefined) {
      res.status(409).json({ error: "No notes app is linked; link one in the phone app first" });
      return;
    }

    const { text } = req.body as NoteRequest;
    // privacy-zones-disable-next-line PZ001 -- reviewed: user-consented export to their notes app
    await deps.notes.createNote(profile.notesAccount, text);
    res.status(204).end();
  };
}
