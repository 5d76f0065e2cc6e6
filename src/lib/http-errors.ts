// Refusals a route or service throws instead of rendering them itself: the
// error handler (src/middleware/error-handling.ts) renders their page with
// their status, so every 404 and 403 looks and is logged the same way.

/** A refusal with its status and the page that explains it. */
export abstract class HttpRefusal extends Error {
  abstract readonly status: 403 | 404;
  /** The Nunjucks view rendered for it; a module may have a page of its own that explains the refusal better. */
  readonly view: string;
  /** What the view needs beyond the request's locals (e.g. which role a dossier's type asks). */
  readonly locals: Record<string, unknown>;

  protected constructor(view: string, message: string, locals: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.view = view;
    this.locals = locals;
  }
}

/** 404: the record does not exist, or the user may not know that it exists. */
export class NotFound extends HttpRefusal {
  readonly status = 404;
  constructor(view = 'errors/404.njk') {
    super(view, 'not found');
  }
}

/** 403: the user is known but may not do this. */
export class Forbidden extends HttpRefusal {
  readonly status = 403;
  constructor(view = 'errors/403.njk', locals: Record<string, unknown> = {}) {
    super(view, 'forbidden', locals);
  }
}
