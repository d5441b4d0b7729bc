/** Postgres refused an insert or update that would duplicate a unique key (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
