// A browser-side route guard writes no server log: refusing a route in the page is not an
// unaudited server denial (the API behind it is where the event belongs).
import { type CanActivate, Router } from '@angular/router';
import { Injectable, inject } from '@angular/core';

@Injectable()
export class AdminGuard implements CanActivate {
  private readonly router = inject(Router);

  canActivate() {
    if (localStorage.getItem('role') === 'admin') {
      return true;
    }
    this.router.navigate(['403']);
    // ok: audit/unlogged-access-denial
    return false;
  }
}
