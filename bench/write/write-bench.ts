export async function runWriteBench(argv: string[]): Promise<number> { void argv; return 2; }
