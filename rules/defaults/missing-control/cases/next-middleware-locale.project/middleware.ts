import { NextResponse, type NextRequest } from 'next/server';

// Locale negotiation: it redirects, but checks no session or token.
export function middleware(request: NextRequest) {
  const locale = request.cookies.get('NEXT_LOCALE')?.value ?? 'en';
  if (!request.nextUrl.pathname.startsWith(`/${locale}`)) return NextResponse.redirect(new URL(`/${locale}${request.nextUrl.pathname}`, request.url));
  return NextResponse.next();
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
