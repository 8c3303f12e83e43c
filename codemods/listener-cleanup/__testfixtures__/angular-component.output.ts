import { Component, OnInit } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { Store } from './store';

@Component({ selector: 'app-user', template: '' })
export class UserComponent implements OnInit {
  private paramsSubscription?: { unsubscribe(): void };

  constructor(private readonly route: ActivatedRoute, private readonly store: Store) {}

  ngOnInit(): void {
    this.paramsSubscription = this.route.params.subscribe((params) => this.load(params['id']));
  }

  load(id: string): void {}

  ngOnDestroy(): void {
    this.paramsSubscription?.unsubscribe();
  }
}
